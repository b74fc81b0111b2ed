package testkit

import (
	"net"
	"net/url"
	"sync"
	"testing"
)

// Proxy forwards TCP connections to a server, a test's PostgreSQL, and lets the test break
// them as an outage would, in-process: Cut is a database that went away, Freeze a network that
// silently drops everything, and Restore ends either.
type Proxy struct {
	t      testing.TB
	target string
	addr   string

	mu    sync.Mutex
	ln    net.Listener          // nil while cut
	gate  chan struct{}         // non-nil while frozen; closed when the freeze ends
	links map[net.Conn]struct{} // both ends of every live connection
}

// StartProxy listens on a free local port and forwards what it accepts to target
// ("host:port"), until the test ends.
func StartProxy(t testing.TB, target string) *Proxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &Proxy{t: t, target: target, addr: ln.Addr().String(), links: map[net.Conn]struct{}{}}
	p.serve(ln)
	t.Cleanup(p.Cut)
	return p
}

// ProxyTo starts a proxy to the server of a PostgreSQL URL and returns it with the URL that
// reaches the same database through it.
func ProxyTo(t testing.TB, rawURL string) (*Proxy, string) {
	t.Helper()
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	p := StartProxy(t, u.Host)
	u.Host = p.addr
	return p, u.String()
}

// Cut closes every connection and refuses new ones until Restore.
func (p *Proxy) Cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	p.open()
	for c := range p.links {
		c.Close()
	}
	clear(p.links)
}

// Freeze keeps every connection open, and accepts new ones, but lets nothing through until
// Restore: a network that drops packets without a word to either side.
func (p *Proxy) Freeze() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.gate == nil {
		p.gate = make(chan struct{})
	}
}

// Restore ends a cut or a freeze: new connections are accepted again, and what a freeze held
// goes through.
func (p *Proxy) Restore() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.open()
	if p.ln == nil {
		ln, err := net.Listen("tcp", p.addr)
		if err != nil {
			p.t.Fatalf("proxy: listen again on %s: %v", p.addr, err)
		}
		p.serve(ln)
	}
}

// open ends a freeze; p.mu is held.
func (p *Proxy) open() {
	if p.gate != nil {
		close(p.gate)
		p.gate = nil
	}
}

// serve accepts connections on ln until it is closed; p.mu is held or p is not yet shared.
func (p *Proxy) serve(ln net.Listener) {
	p.ln = ln
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go p.link(c)
		}
	}()
}

// link connects client to the target and copies both ways until either side closes.
func (p *Proxy) link(client net.Conn) {
	server, err := net.Dial("tcp", p.target)
	if err != nil {
		client.Close()
		return
	}
	if !p.track(client, server) {
		return
	}
	go p.pump(server, client)
	p.pump(client, server)
}

// track records a new connection's ends, or closes them when the proxy was cut meanwhile.
func (p *Proxy) track(ends ...net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range ends {
		if p.ln == nil {
			c.Close()
		} else {
			p.links[c] = struct{}{}
		}
	}
	return p.ln != nil
}

// pump copies from src to dst, holding what it read while the proxy is frozen, and closes both
// when either fails.
func (p *Proxy) pump(dst, src net.Conn) {
	defer p.drop(dst, src)
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			p.wait()
			if _, err := dst.Write(buf[:n]); err != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// wait returns once the proxy is not frozen.
func (p *Proxy) wait() {
	p.mu.Lock()
	gate := p.gate
	p.mu.Unlock()
	if gate != nil {
		<-gate
	}
}

// drop closes a connection's ends and forgets them.
func (p *Proxy) drop(ends ...net.Conn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range ends {
		c.Close()
		delete(p.links, c)
	}
}
