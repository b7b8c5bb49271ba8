// Package pb stands for protoc-gen-go-grpc output.
package pb

import "google.golang.org/grpc"

type CartServer interface{}

func RegisterCartServer(s grpc.ServiceRegistrar, srv CartServer) {}

// RegisterMetricsServer takes no gRPC registrar: not a gRPC service.
func RegisterMetricsServer(addr string) {}
