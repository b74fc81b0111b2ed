package imports

import "context"

// Hold takes import id's lock as a run does, for tests of what is seen while an import runs and
// once its process is gone. crash drops the lock's connection without a word to PostgreSQL, as
// the death of the process does.
func (s *Service) Hold(ctx context.Context, id int64) (crash func() error, err error) {
	l, err := s.lock(ctx, id)
	if err != nil {
		return nil, err
	}
	return l.conn.PgConn().Conn().Close, nil
}
