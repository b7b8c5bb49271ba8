package main

// The orders client is generated from the spec shared with the orders service.
//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen@v2.4.1 -config oapi-codegen.yaml ../../api/orders/openapi.yaml
