DROP TABLE store_calendars;
