DROP TABLE api_keys, import_files, imports, import_mappings, service_orders, deliveries,
           vehicles, customer_contact_changes, customers;
