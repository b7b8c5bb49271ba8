// Package flipt is a stub of Flipt's client-side evaluation API.
package flipt

import "context"

type EvaluationRequest struct {
	FlagKey  string
	EntityID string
}

type BooleanEvaluationResponse struct{ Enabled bool }

type Client struct{}

func (c *Client) EvaluateBoolean(ctx context.Context, req *EvaluationRequest) (*BooleanEvaluationResponse, error) {
	return &BooleanEvaluationResponse{}, nil
}
