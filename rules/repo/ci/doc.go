// Package ci is one view of every pipeline of a repository, whichever CI
// system runs it: GitHub Actions workflows and GitLab CI pipelines become
// Pipelines of Jobs whose triggers, dependencies and shell commands carry
// their positions, and each command and action is classified by what it
// does (deploy, dry-run, build, push, test, lint, security scan).
//
// The classification is a documented table of regular expressions
// (classify_table.go), not a shell parser: a command line matches when the
// tool and verb appear in it. Projects add their own patterns, for wrapper
// scripts the table cannot know, through NewClassifier.
package ci
