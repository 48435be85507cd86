// Command gongkai is the government-information-disclosure platform: one
// binary that serves the portal, the console and the API, and runs the
// imports, exports and reports from the command line.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"gongkai/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, os.Args[1:], cli.Env{Getenv: os.Getenv, Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr})
	stop()
	os.Exit(code)
}
