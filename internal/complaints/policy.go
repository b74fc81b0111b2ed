package complaints

import (
	"context"
	"time"

	"github.com/csidesk/csidesk/internal/postgres"
)

// Minutes are a step's deadline in minutes from opening: face to face, and otherwise (letter,
// SMS, hotline, web).
type Minutes struct {
	FaceToFace int
	Remote     int
}

// Policy holds a group's deadlines by severity and step.
type Policy map[Severity]map[Step]Minutes

// DefaultPolicy is the table of SPEC §5: dispatch in 30 minutes; a grievance assigned within an
// hour; first contact in 2 h (24 h for a major complaint made face to face); agreement in 24 h
// (major 48 h; not face to face: done within 48 h); the re-visit in 48 h (major 72 h); the GM's
// instruction on a major complaint within 4 h; final approval a day after the re-visit's deadline.
var DefaultPolicy = Policy{
	Grievance: {Dispatch: {30, 30}, Assign: {60, 60}, Contact: {120, 120}, Resolve: {1440, 2880},
		Instruct: {240, 240}, Revisit: {2880, 2880}, Approve: {4320, 4320}},
	General: {Dispatch: {30, 30}, Assign: {60, 60}, Contact: {120, 120}, Resolve: {1440, 2880},
		Instruct: {240, 240}, Revisit: {2880, 2880}, Approve: {4320, 4320}},
	Major: {Dispatch: {30, 30}, Assign: {60, 60}, Contact: {1440, 120}, Resolve: {2880, 2880},
		Instruct: {240, 240}, Revisit: {4320, 4320}, Approve: {5760, 5760}},
}

// Due is a step's deadline for a form opened at opened.
func (p Policy) Due(sev Severity, faceToFace bool, step Step, opened time.Time) time.Time {
	m := p[sev][step]
	n := m.Remote
	if faceToFace {
		n = m.FaceToFace
	}
	return opened.Add(time.Duration(n) * time.Minute)
}

// StepsFor lists the steps a form of the severity goes through after dispatch.
func StepsFor(sev Severity) []Step {
	switch sev {
	case Grievance:
		return []Step{Assign, Contact, Resolve, Revisit, Approve}
	case Major:
		return []Step{Contact, Resolve, Instruct, Revisit, Approve}
	}
	return []Step{Contact, Resolve, Revisit, Approve}
}

// ReadPolicy reads the group's policy: its own rows over the defaults.
func ReadPolicy(ctx context.Context, db *postgres.DB, tenantID int64) (Policy, error) {
	type row struct {
		Severity Severity
		Step     Step
		Minutes
	}
	rows, err := postgres.List[row](ctx, db, tenantID, "complaints.ReadPolicy",
		`SELECT severity, step, minutes, remote_minutes FROM complaint_sla WHERE tenant_id = $1`)
	if err != nil {
		return nil, err
	}
	p := Policy{}
	for sev, steps := range DefaultPolicy {
		p[sev] = map[Step]Minutes{}
		for st, m := range steps {
			p[sev][st] = m
		}
	}
	for _, r := range rows {
		p[r.Severity][r.Step] = r.Minutes
	}
	return p, nil
}
