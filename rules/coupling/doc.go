// Package coupling holds the LS4xx rules: services that cannot be
// deployed on their own because of what they share or how they call each
// other. Pinned provider versions, in-repository modules shared through
// replace directives, startup ordering, cycles of synchronous calls and
// copied API contracts all mean that one service's release needs
// another's.
//
// The rules read the service graph of rules/repo/graph; each rule is one
// file with its Markdown documentation beside it.
package coupling
