package scores

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/postgres"
)

// Channels are how a survey is answered: on a call, or by the customer through a link sent by
// SMS or e-mail.
var Channels = []string{"phone", "sms", "email"}

// AllChannels keys a split's figures over every channel.
const AllChannels = ""

// Split is one period's figures by the channel their surveys were answered on: for each
// department (0: the whole store) and channel (AllChannels: every one), its figure.
type Split map[int64]map[string]Figure

// Figure is the figure of a department (0: the whole store) on a channel, or an empty one.
func (s Split) Figure(departmentID int64, channel string) Figure {
	return s[departmentID][channel]
}

// splitSQL sums the contributions of store $2's surveys completed in [$4, $5) to the roll-ups
// of kind $3 and period $6 (a quarter's are its months'), by department and channel, by
// department, by channel and in all, as the roll-ups do: so a department's figure on every
// channel is its board's, and the whole store's counts each survey once.
var splitSQL = `
	SELECT CASE WHEN GROUPING(department_id) = 0 THEN department_id ELSE 0 END,
	       CASE WHEN GROUPING(channel) = 0 THEN channel ELSE '' END,
	       sum(weights)::float8, sum(points)::float8, count(DISTINCT survey_id)::int
	FROM (` + contributions(`survey_id IN (SELECT id FROM surveys WHERE tenant_id = $1 AND store_id = $2
	                                           AND status = 'completed' AND completed_at >= $4 AND completed_at < $5)`) + `) c
	WHERE kind = $3 AND period = $6
	GROUP BY GROUPING SETS ((department_id, channel), (department_id), (channel), ()) HAVING count(*) > 0`

// ReadSplit reads the figures of the period of k (its department is ignored) by channel,
// afresh: only the pages that ask for it pay for it.
func (s *Service) ReadSplit(ctx context.Context, tenantID int64, k Key) (Split, error) {
	var sp Split
	err := s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) (err error) {
		sp, err = readSplit(ctx, tx, tenantID, k)
		return err
	})
	return sp, err
}

// readSplit reads ReadSplit's figures in tx.
func readSplit(ctx context.Context, tx pgx.Tx, tenantID int64, k Key) (Split, error) {
	st, err := readStore(ctx, tx, tenantID, k.StoreID)
	if err != nil {
		return nil, err
	}
	from, until := k.Period.Bounds(k.Start, st.Location())
	rows, err := tx.Query(ctx, splitSQL, tenantID, k.StoreID, k.Kind, from, until, k.Period.rolledUp())
	if err != nil {
		return nil, postgres.Err("scores.ReadSplit", err)
	}
	defer rows.Close()
	sp := Split{}
	for rows.Next() {
		var dept int64
		var channel string
		var f Figure
		if err := rows.Scan(&dept, &channel, &f.Weight, &f.Points, &f.Surveys); err != nil {
			return nil, postgres.Err("scores.ReadSplit", err)
		}
		if sp[dept] == nil {
			sp[dept] = map[string]Figure{}
		}
		sp[dept][channel] = f
	}
	return sp, postgres.Err("scores.ReadSplit", rows.Err())
}
