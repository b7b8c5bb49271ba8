// Package flags holds the LS3xx rules: whether services can hide
// unfinished work behind feature flags, and whether the flags they have
// are kept honest. It also holds the table of flag SDKs (sdk.go) that the
// Go-source analyzers in analyzers/ share.
//
// LS301 and LS304 are repository rules over the model. LS302, LS303,
// LS305 and LS306 are about Go expressions and need type information, so
// they run as go/analysis analyzers (see GoSourceRule); their metadata and
// documentation live here, like every rule's.
//
// Each rule is one file with its Markdown documentation beside it.
package flags
