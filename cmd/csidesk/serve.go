package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"runtime/debug"
	"time"

	"github.com/csidesk/csidesk/internal/app"
	"github.com/csidesk/csidesk/internal/config"
	"github.com/csidesk/csidesk/internal/postgres"
)

// tuneGC trades memory the server has to spare for CPU. A page allocates a few hundred KB that
// die with it, so at Go's default the collector took a tenth of the CPU under load: it runs a
// quarter as often (GOGC 400), with a soft limit (GOMEMLIMIT 150 MiB) that brings it back as the
// heap nears it. GOGC and GOMEMLIMIT in the environment win.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(150 << 20)
	}
}

func serve(ctx context.Context, out io.Writer) error {
	tuneGC()
	cfg, err := config.Load()
	if err != nil {
		return err
	}
	log := newLogger(cfg.LogFormat)
	db, err := postgres.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := postgres.CheckAppRole(ctx, db); err != nil {
		return err
	}
	a, err := app.New(cfg, db, log)
	if err != nil {
		return err
	}
	hs := &http.Server{
		Addr:              cfg.ListenAddr,
		Handler:           a.Server,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
	}
	if err := a.StartJobs(ctx); err != nil {
		return err
	}
	go a.WatchChanges(ctx)
	errc := make(chan error, 2)
	go func() { errc <- hs.ListenAndServe() }()
	fmt.Fprintf(out, "CSI Desk is serving on http://%s (Ctrl-C stops it)\n", cfg.ListenAddr)
	if cfg.MetricsAddr != "" {
		ms := &http.Server{Addr: cfg.MetricsAddr, Handler: a.Server.Metrics(), ReadHeaderTimeout: 10 * time.Second}
		go func() { errc <- ms.ListenAndServe() }()
		defer ms.Close()
		fmt.Fprintf(out, "Metrics are served on http://%s/metrics\n", cfg.MetricsAddr)
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return a.StopJobs(shutdownCtx)
}

func newLogger(format string) *slog.Logger {
	if format == "json" {
		return slog.New(slog.NewJSONHandler(os.Stderr, nil))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, nil))
}
