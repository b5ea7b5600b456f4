package main

import (
	"fmt"
	"strings"
)

const topUsage = `unwired: clients for data-platform HTTP APIs, from the command line.

Usage:
  unwired tour                            replay a session recorded from a real schema
                                          registry: register, fetch, serialize, deserialize,
                                          check compatibility; no server needed
  unwired confluent SUBCOMMAND [flags]    talk to a Confluent-compatible Schema Registry
  unwired help [confluent [SUBCOMMAND]]   this help, or a command's

New here? Run "unwired tour" first. "unwired help confluent" lists the subcommands.
`

const tourUsage = `Usage: unwired tour

Replays the session recorded in testdata/confluent/tour.txtar (embedded in the
binary) through the real typed client and codec, printing each step: the
operation, the HTTP request line and status, and the result. It needs no
server and changes nothing. Exit status 1 if any request or result differs
from the recording, or a recorded exchange is left unused.

To run the same steps against a registry: unwired confluent tour --url URL
`

func confluentUsage() string {
	var b strings.Builder
	b.WriteString(`Usage: unwired confluent SUBCOMMAND [arguments] [flags]

Talks to a Confluent Schema Registry, or a compatible one such as AxonOps.
Data subcommands print JSON. Exit status: 0 on success; 1 when the registry
or the network fails (or, for compat, the schema is not compatible); 2 when
the command line is wrong.

Subcommands:
`)
	for _, s := range subs {
		fmt.Fprintf(&b, "  %-26s%s\n", strings.TrimSpace(s.name+" "+s.args), s.summary)
	}
	b.WriteString("\n")
	b.WriteString(connFlagsHelp)
	b.WriteString(`
Flags may come before or after the arguments. "unwired help confluent SUBCOMMAND"
shows a subcommand's own flags.

Example:
  export SR_PASSWORD=...   # or read it from a secret store
  unwired confluent subjects --url https://registry.example:8081 --user alice --password-env SR_PASSWORD
`)
	return b.String()
}

// usage is the help of one subcommand.
func (s *sub) usage() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Usage: unwired confluent %s [flags]\n\n", strings.TrimSpace(s.name+" "+s.args))
	b.WriteString(strings.ToUpper(s.summary[:1]) + s.summary[1:] + ".\n")
	b.WriteString(s.about)
	if s.flagHelp != "" {
		b.WriteString("\nFlags:\n")
		b.WriteString(s.flagHelp)
	}
	b.WriteString("\n")
	b.WriteString(connFlagsHelp)
	return b.String()
}
