// Package jobs runs letebot's scheduled work on robfig/cron: each job gets a
// context that ends with the scheduler, its failures are logged with the job
// name, and a job still running when its next turn comes is skipped, not run
// twice at once.
package jobs

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/robfig/cron/v3"
)

// Job is one piece of scheduled work.
type Job struct {
	Name string
	Spec string // cron spec in store time, or "@every 1m"
	Run  func(ctx context.Context) error
}

// Scheduler runs jobs until its context ends.
type Scheduler struct {
	loc  *time.Location
	log  *slog.Logger
	jobs []Job
	// Observe, when set, is told each run's job, error (nil for a
	// success) and duration: the metrics.
	Observe func(job string, err error, took time.Duration)
}

// New returns a scheduler reading cron specs in loc (the store's zone).
func New(loc *time.Location, log *slog.Logger, jobs ...Job) *Scheduler {
	return &Scheduler{loc: loc, log: log, jobs: jobs}
}

// Run schedules every job and blocks until ctx ends and running jobs finish.
func (s *Scheduler) Run(ctx context.Context) error {
	c := cron.New(
		cron.WithLocation(s.loc),
		cron.WithChain(cron.SkipIfStillRunning(cron.DiscardLogger)),
	)
	for _, j := range s.jobs {
		if _, err := c.AddFunc(j.Spec, func() {
			start := time.Now()
			err := j.Run(ctx)
			if ctx.Err() != nil {
				return // stopped with the scheduler: neither done nor failed
			}
			if s.Observe != nil {
				s.Observe(j.Name, err, time.Since(start))
			}
			if err != nil {
				s.log.Error("Job failed", "job", j.Name, "error", err)
				return
			}
			s.log.Debug("Job done", "job", j.Name, "took", time.Since(start))
		}); err != nil {
			return fmt.Errorf("schedule %s: %w", j.Name, err)
		}
	}
	c.Start()
	<-ctx.Done()
	<-c.Stop().Done()
	return nil
}
