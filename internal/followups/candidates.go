package followups

// candidatesSQL lists the events ($1 tenant, $2 now) that may call for a task and have none
// yet: closed service orders, deliveries (for the sales call and the purchase survey), each
// customer's last service visit (for the periodic survey), this year's birthdays, and the
// complaints the GM's approval closed (for the event survey; not those the customer did not
// accept, which go on as a new form, nor the voided ones). Only events whose store has an active
// rule for them, and whose window may still be open, come back; Plan decides the rest. Each kind
// of event is read back only as far as the group's longest active rule for it reaches (its
// expiry, a day more for the stores' zones), so that a run reads a fortnight of service orders
// for the service survey rather than a year. Dates are in each store's calendar. The events are
// gathered once (MATERIALIZED) before they are joined to rules and customers, whatever the
// planner guesses of freshly loaded tables.
const candidatesSQL = `
WITH local AS (
	SELECT id AS store_id, time_zone, ($2::timestamptz AT TIME ZONE time_zone)::date AS today
	FROM stores WHERE tenant_id = $1
), reach AS (
	SELECT reason, max(expire_days) + 2 AS days FROM follow_up_rules WHERE tenant_id = $1 AND active GROUP BY reason
), events AS MATERIALIZED (
	SELECT 'service_survey'::text AS reason, 'so:' || o.id AS source_key, o.store_id, o.customer_id,
	       o.vehicle_id, NULL::bigint AS delivery_id, o.id AS service_order_id,
	       (o.closed_at AT TIME ZONE l.time_zone)::date AS event
	FROM service_orders o JOIN local l ON l.store_id = o.store_id
	WHERE o.tenant_id = $1
	  AND o.closed_at > $2::timestamptz - make_interval(days => (SELECT days FROM reach WHERE reason = 'service_survey'))
	UNION ALL
	SELECT r.reason, 'd:' || d.id, d.store_id, d.customer_id, d.vehicle_id, d.id, NULL, d.delivered_on
	FROM deliveries d CROSS JOIN (VALUES ('sales_call'), ('purchase_survey')) r(reason)
	WHERE d.tenant_id = $1
	  AND d.delivered_on > $2::date - (SELECT max(days) FROM reach WHERE reason IN ('sales_call', 'purchase_survey'))
	UNION ALL
	SELECT 'periodic_survey', 'pso:' || o.id, o.store_id, o.customer_id, o.vehicle_id, NULL, o.id,
	       (o.closed_at AT TIME ZONE l.time_zone)::date
	FROM (SELECT DISTINCT ON (customer_id) id, store_id, customer_id, vehicle_id, closed_at
	      FROM service_orders
	      WHERE tenant_id = $1
	        AND closed_at > $2::timestamptz - make_interval(days => (SELECT days FROM reach WHERE reason = 'periodic_survey'))
	      ORDER BY customer_id, closed_at DESC) o
	JOIN local l ON l.store_id = o.store_id
	UNION ALL
	SELECT 'birthday_care', 'bd:' || c.id || ':' || extract(year FROM b.day), s.store_id, c.id, NULL, NULL, NULL, b.day
	FROM customers c
	CROSS JOIN LATERAL (
		SELECT store_id FROM (
			SELECT store_id, opened_at AS at FROM service_orders WHERE tenant_id = $1 AND customer_id = c.id
			UNION ALL
			SELECT store_id, delivered_on FROM deliveries WHERE tenant_id = $1 AND customer_id = c.id) v
		ORDER BY at DESC LIMIT 1) s
	JOIN local l ON l.store_id = s.store_id
	-- this year's birthday; one born on 29 February has it on the 28th in other years
	CROSS JOIN LATERAL (SELECT (c.birth_date + make_interval(
		years => extract(year FROM l.today)::int - extract(year FROM c.birth_date)::int))::date AS day) b
	WHERE c.tenant_id = $1 AND c.birth_date IS NOT NULL AND b.day BETWEEN l.today - 7 AND l.today + 7
	  -- first, cheaply, the birthdays near today in any zone, before each one's store is looked up
	  AND (to_char(c.birth_date, 'MMDD') = '0229'
	       OR to_char(c.birth_date, 'MMDD') IN (SELECT to_char(d, 'MMDD')
	                                            FROM generate_series($2::date - 9, $2::date + 9, interval '1 day') d))
	UNION ALL
	SELECT 'complaint_survey', 'c:' || c.id, c.store_id, c.customer_id, c.vehicle_id, NULL, NULL,
	       (c.closed_at AT TIME ZONE l.time_zone)::date
	FROM complaints c JOIN local l ON l.store_id = c.store_id
	WHERE c.tenant_id = $1 AND c.status = 'closed'
	  AND c.closed_at > $2::timestamptz - make_interval(days => (SELECT days FROM reach WHERE reason = 'complaint_survey'))
)
SELECT e.reason, e.source_key, e.store_id, e.customer_id, e.vehicle_id, e.delivery_id, e.service_order_id,
       e.event, l.today, c.consent, c.do_not_contact,
       array(SELECT t.due_from FROM follow_up_tasks t
             WHERE t.tenant_id = $1 AND t.customer_id = e.customer_id AND t.survey_kind <> ''
               AND t.status <> 'cancelled')
FROM events e
JOIN local l ON l.store_id = e.store_id
JOIN follow_up_rules r ON r.tenant_id = $1 AND r.store_id = e.store_id AND r.reason = e.reason
                      AND r.active AND e.event + r.expire_days >= l.today
JOIN customers c ON c.tenant_id = $1 AND c.id = e.customer_id
WHERE NOT EXISTS (SELECT FROM follow_up_tasks t
                  WHERE t.tenant_id = $1 AND t.reason = e.reason AND t.source_key = e.source_key)`
