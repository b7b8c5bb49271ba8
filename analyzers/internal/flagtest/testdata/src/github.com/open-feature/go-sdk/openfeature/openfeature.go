// Package openfeature is a stub of the OpenFeature Go SDK's API (v1.13),
// enough to type-check evaluation calls.
package openfeature

import "context"

type EvaluationContext struct{}

func NewEvaluationContext(targetingKey string, attributes map[string]any) EvaluationContext {
	return EvaluationContext{}
}

type BooleanEvaluationDetails struct{ Value bool }

// Reason has a String method: a method named like an evaluation that is
// not one.
type Reason string

func (r Reason) String() string { return string(r) }

type IClient interface {
	BooleanValue(ctx context.Context, flag string, defaultValue bool, evalCtx EvaluationContext) (bool, error)
}

type Client struct{}

func NewClient(domain string) *Client { return &Client{} }

func (c *Client) BooleanValue(ctx context.Context, flag string, defaultValue bool, evalCtx EvaluationContext) (bool, error) {
	return defaultValue, nil
}
func (c *Client) StringValue(ctx context.Context, flag string, defaultValue string, evalCtx EvaluationContext) (string, error) {
	return defaultValue, nil
}
func (c *Client) IntValue(ctx context.Context, flag string, defaultValue int64, evalCtx EvaluationContext) (int64, error) {
	return defaultValue, nil
}
func (c *Client) BooleanValueDetails(ctx context.Context, flag string, defaultValue bool, evalCtx EvaluationContext) (BooleanEvaluationDetails, error) {
	return BooleanEvaluationDetails{Value: defaultValue}, nil
}
func (c *Client) Boolean(ctx context.Context, flag string, defaultValue bool, evalCtx EvaluationContext) bool {
	return defaultValue
}
