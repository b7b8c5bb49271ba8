package github

import (
	"cmp"
	"slices"
	"strings"
)

// Effective protection is the merge of every source that protects the
// branch, the most restrictive value winning, as OpenSSF Scorecard merges
// classic protection and rulesets. Unlike Scorecard, an unreadable source
// never counts as meeting a requirement: a setting is known only when a
// readable source imposes the restrictive value, or every source is
// readable and none does.

// unknownProtection is a source that could not be read at all.
func unknownProtection(origin Origin, reason string) *Protection {
	u := unknown(origin, reason)
	return &Protection{
		Protected:               u,
		PullRequest:             u,
		RequiredApprovals:       Count{Origin: origin, Reason: reason},
		DismissStaleReviews:     u,
		RequireCodeOwnerReview:  u,
		RequireLastPushApproval: u,
		Bypass:                  Actors{Origin: origin, Reason: reason},
		EnforceAdmins:           u,
		StatusChecks:            Checks{Origin: origin, Reason: reason},
		Strict:                  u,
		AllowForcePushes:        u,
		AllowDeletions:          u,
		LinearHistory:           u,
		MergeQueue:              u,
	}
}

// unprotected is a source known to impose nothing, every setting at
// GitHub's permissive default and decided at origin.
func unprotected(origin Origin) *Protection {
	off := known(Off, origin)
	return &Protection{
		Protected:               off,
		PullRequest:             off,
		RequiredApprovals:       countOf(0, origin),
		DismissStaleReviews:     off,
		RequireCodeOwnerReview:  off,
		RequireLastPushApproval: off,
		Bypass:                  Actors{State: Off, Origin: origin},
		EnforceAdmins:           off,
		StatusChecks:            Checks{State: Off, Origin: origin},
		Strict:                  off,
		AllowForcePushes:        known(On, origin),
		AllowDeletions:          known(On, origin),
		LinearHistory:           off,
		MergeQueue:              off,
	}
}

// merge combines the protection of several sources, the first protecting
// source deciding ties (callers pass classic protection first).
func merge(parts []*Protection) *Protection {
	// A source that protects the branch decides a permissive value before
	// one that merely does not exist, so "strict: off" is reported where
	// the required checks are, not at an absent classic protection.
	parts = slices.Clone(parts)
	slices.SortStableFunc(parts, func(a, b *Protection) int {
		return cmp.Compare(protectedRank(a), protectedRank(b))
	})
	pick := func(get func(*Protection) Flag, restrictive State) Flag {
		flags := make([]Flag, len(parts))
		for i, p := range parts {
			flags[i] = get(p)
		}
		return mergeFlags(flags, restrictive)
	}
	out := &Protection{
		Protected:               pick(func(p *Protection) Flag { return p.Protected }, On),
		PullRequest:             pick(func(p *Protection) Flag { return p.PullRequest }, On),
		DismissStaleReviews:     pick(func(p *Protection) Flag { return p.DismissStaleReviews }, On),
		RequireCodeOwnerReview:  pick(func(p *Protection) Flag { return p.RequireCodeOwnerReview }, On),
		RequireLastPushApproval: pick(func(p *Protection) Flag { return p.RequireLastPushApproval }, On),
		EnforceAdmins:           pick(func(p *Protection) Flag { return p.EnforceAdmins }, On),
		Strict:                  pick(func(p *Protection) Flag { return p.Strict }, On),
		AllowForcePushes:        pick(func(p *Protection) Flag { return p.AllowForcePushes }, Off),
		AllowDeletions:          pick(func(p *Protection) Flag { return p.AllowDeletions }, Off),
		LinearHistory:           pick(func(p *Protection) Flag { return p.LinearHistory }, On),
		MergeQueue:              pick(func(p *Protection) Flag { return p.MergeQueue }, On),
	}
	counts := make([]Count, len(parts))
	for i, p := range parts {
		counts[i] = p.RequiredApprovals
		out.RequiredWorkflows = append(out.RequiredWorkflows, p.RequiredWorkflows...)
	}
	out.RequiredApprovals = mergeCounts(counts)
	out.StatusChecks = mergeChecks(parts)
	out.Bypass = mergeActors(parts)
	return out
}

func protectedRank(p *Protection) int {
	if p.Protected.IsOn() {
		return 0
	}
	return 1
}

// mergeFlags returns the first flag holding the restrictive state; failing
// that the first unknown one, since an unreadable source might impose it;
// failing that the first flag.
func mergeFlags(flags []Flag, restrictive State) Flag {
	var firstUnknown *Flag
	for i := range flags {
		switch flags[i].State {
		case restrictive:
			return flags[i]
		case Unknown:
			if firstUnknown == nil {
				firstUnknown = &flags[i]
			}
		}
	}
	switch {
	case firstUnknown != nil:
		return *firstUnknown
	case len(flags) > 0:
		return flags[0]
	}
	return unknown(Origin{}, "no source")
}

// mergeCounts keeps the largest known count; an unknown source makes the
// result unknown but leaves the largest known count as its lower bound.
func mergeCounts(counts []Count) Count {
	var best, firstUnknown *Count
	for i := range counts {
		c := &counts[i]
		if c.State == Unknown {
			if firstUnknown == nil {
				firstUnknown = c
			}
			continue
		}
		if best == nil || c.N > best.N {
			best = c
		}
	}
	switch {
	case firstUnknown == nil && best != nil:
		return *best
	case firstUnknown == nil:
		return Count{Reason: "no source"}
	case best == nil || best.N == 0:
		return *firstUnknown
	}
	return Count{State: Unknown, N: best.N, Origin: best.Origin, Reason: firstUnknown.Reason}
}

func mergeChecks(parts []*Protection) Checks {
	var out Checks
	seen := map[Check]bool{}
	var unknownReason string
	for i, p := range parts {
		c := p.StatusChecks
		if i == 0 {
			out.Origin = c.Origin
		}
		if c.Reason != "" && unknownReason == "" {
			unknownReason = c.Reason
			if c.State == Unknown && len(out.List) == 0 {
				out.Origin = c.Origin
			}
		}
		if len(out.List) == 0 && len(c.List) > 0 {
			out.Origin = c.Origin
		}
		for _, ch := range c.List {
			key := Check{Context: ch.Context, AppID: ch.AppID}
			if !seen[key] {
				seen[key] = true
				out.List = append(out.List, ch)
			}
		}
	}
	out.State, out.Reason = listState(len(out.List) > 0, unknownReason)
	return out
}

func mergeActors(parts []*Protection) Actors {
	var out Actors
	var unknownReason string
	for i, p := range parts {
		a := p.Bypass
		if i == 0 {
			out.Origin = a.Origin
		}
		if a.Reason != "" && unknownReason == "" {
			unknownReason = a.Reason
			if a.State == Unknown && len(out.List) == 0 {
				out.Origin = a.Origin
			}
		}
		if len(out.List) == 0 && len(a.List) > 0 {
			out.Origin = a.Origin
		}
		out.List = append(out.List, a.List...)
	}
	out.State, out.Reason = listState(len(out.List) > 0, unknownReason)
	return out
}

const incomplete = "the list may be incomplete: "

// listState is the state of a merged list: On with entries, whatever else
// is unknown (the reason then says the list may be incomplete).
func listState(nonEmpty bool, unknownReason string) (State, string) {
	unknownReason = strings.TrimPrefix(unknownReason, incomplete)
	switch {
	case nonEmpty && unknownReason != "":
		return On, incomplete + unknownReason
	case nonEmpty:
		return On, ""
	case unknownReason != "":
		return Unknown, unknownReason
	}
	return Off, ""
}
