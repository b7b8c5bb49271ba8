// Package input holds the LS0xx rules: problems with lockstep's own input
// (files it cannot parse, suppression comments that are wrong or unused,
// repository settings it could not read).
package input
