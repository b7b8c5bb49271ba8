// Package bigbang holds the LS1xx rules: deploys that move many services
// together. One pipeline step deploying several services, deploys that
// wait for a schedule or for every service's build, one version for the
// whole fleet, umbrella charts and app-of-apps, manual or frozen deploys,
// and rollouts that must follow a fixed order all mean that no service can
// ship on its own.
//
// Each rule is one file with its Markdown documentation beside it.
package bigbang
