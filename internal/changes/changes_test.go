package changes

import (
	"errors"
	"testing"
)

// reader reads a value that the test changes at will, and counts its reads.
type reader struct {
	value, reads int
}

func (r *reader) read() (int, error) {
	r.reads++
	return r.value, nil
}

// get reads key of group 1 that depends on stores, and fails the test on a wrong value.
func get(t *testing.T, m *Memo[int], key string, stores []int64, r *reader, want int) {
	t.Helper()
	got, err := m.Get(key, 1, stores, r.read)
	if err != nil || got != want {
		t.Fatalf("Get(%s)=%d, %v; want %d", key, got, err, want)
	}
}

func listening() (*Tracker, *Memo[int]) {
	tr := NewTracker()
	tr.Listening(true)
	return tr, NewMemo[int](tr)
}

func TestMemo_KeepsWhileListening(t *testing.T) {
	_, m := listening()
	r := &reader{value: 1}
	get(t, m, "a", []int64{7}, r, 1)
	r.value = 2 // unannounced: the kept read is served
	get(t, m, "a", []int64{7}, r, 1)
	if r.reads != 1 {
		t.Errorf("reads=%d, want 1", r.reads)
	}
}

func TestMemo_NotListening(t *testing.T) {
	tr := NewTracker()
	m := NewMemo[int](tr)
	r := &reader{value: 1}
	get(t, m, "a", nil, r, 1)
	r.value = 2
	get(t, m, "a", nil, r, 2)

	tr.Listening(true)
	get(t, m, "a", nil, r, 2)
	tr.Listening(false) // the connection broke: changes may pass unheard
	r.value = 3
	get(t, m, "a", nil, r, 3)
	tr.Listening(true) // listening again: what was kept before is void
	r.value = 4
	get(t, m, "a", nil, r, 4)
}

func TestMemo_ChangedStore(t *testing.T) {
	tr, m := listening()
	seven, eight := &reader{value: 70}, &reader{value: 80}
	get(t, m, "seven", []int64{7}, seven, 70)
	get(t, m, "eight", []int64{8}, eight, 80)
	seven.value, eight.value = 71, 81

	tr.Changed(1, 7)
	get(t, m, "seven", []int64{7}, seven, 71)
	get(t, m, "eight", []int64{8}, eight, 80)

	tr.Changed(2, 0) // another group
	get(t, m, "eight", []int64{8}, eight, 80)

	tr.Changed(1, 0) // every store of the group
	seven.value = 72
	get(t, m, "seven", []int64{7}, seven, 72)
	get(t, m, "eight", []int64{8}, eight, 81)
}

// TestMemo_Areas: a change in an area voids that area's memos only; a change in every area
// (a notice without one, a change request) voids them all.
func TestMemo_Areas(t *testing.T) {
	tr, boards := listening()
	calls := NewMemoIn[int](tr, "tasks")
	board, counts := &reader{value: 10}, &reader{value: 20}
	get(t, boards, "b", []int64{7}, board, 10)
	get(t, calls, "c", []int64{7}, counts, 20)
	board.value, counts.value = 11, 21

	tr.Notified("1/7/tasks")
	get(t, boards, "b", []int64{7}, board, 10)
	get(t, calls, "c", []int64{7}, counts, 21)

	tr.Notified("1/0/tasks") // every store's calls
	counts.value = 22
	get(t, calls, "c", []int64{7}, counts, 22)
	get(t, boards, "b", []int64{7}, board, 10)

	tr.Notified("1/7")
	counts.value = 23
	get(t, boards, "b", []int64{7}, board, 11)
	get(t, calls, "c", []int64{7}, counts, 23)
}

func TestMemo_ChangeDuringRead(t *testing.T) {
	tr, m := listening()
	r := &reader{value: 1}
	// The change commits while the read runs: the read may or may not have seen it, so it is
	// not served again.
	_, err := m.Get("a", 1, []int64{7}, func() (int, error) {
		v, err := r.read()
		tr.Changed(1, 7)
		r.value = 2
		return v, err
	})
	if err != nil {
		t.Fatal(err)
	}
	get(t, m, "a", []int64{7}, r, 2)
}

func TestMemo_ErrorNotKept(t *testing.T) {
	_, m := listening()
	failed := errors.New("connection reset")
	if _, err := m.Get("a", 1, nil, func() (int, error) { return 0, failed }); !errors.Is(err, failed) {
		t.Fatalf("err=%v, want %v", err, failed)
	}
	r := &reader{value: 5}
	get(t, m, "a", nil, r, 5)
}

func TestMemo_Bounded(t *testing.T) {
	_, m := listening()
	r := &reader{}
	for i := range maxKept + 10 {
		r.value = i
		get(t, m, string(rune(i)), nil, r, i)
	}
	if len(m.kept) > maxKept {
		t.Errorf("kept=%d, want at most %d", len(m.kept), maxKept)
	}
}

func TestTracker_Notified(t *testing.T) {
	for _, tc := range []struct {
		payload      string
		seven, eight bool // whether store 7 and store 8 of group 1 are read afresh
	}{
		{"1/7", true, false},
		{"1/0", true, true},
		{"2/7", false, false},
		{"garbage", true, true},
		{"1/x", true, true},
	} {
		t.Run(tc.payload, func(t *testing.T) {
			tr, m := listening()
			seven, eight := &reader{value: 70}, &reader{value: 80}
			get(t, m, "seven", []int64{7}, seven, 70)
			get(t, m, "eight", []int64{8}, eight, 80)
			tr.Notified(tc.payload)
			m.Get("seven", 1, []int64{7}, seven.read)
			m.Get("eight", 1, []int64{8}, eight.read)
			if got := seven.reads == 2; got != tc.seven {
				t.Errorf("store 7 read afresh=%v, want %v", got, tc.seven)
			}
			if got := eight.reads == 2; got != tc.eight {
				t.Errorf("store 8 read afresh=%v, want %v", got, tc.eight)
			}
		})
	}
}
