package routes

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/go-chi/chi/v5"
	"github.com/gofiber/fiber/v2"
	"github.com/gorilla/mux"
	"github.com/labstack/echo/v4"
	"github.com/open-feature/go-sdk/openfeature"
	"google.golang.org/grpc"

	"routes/pb"
)

func h(http.ResponseWriter, *http.Request) {}

func unguarded(m *http.ServeMux) {
	m.HandleFunc("GET /carts", h)       // want `route "GET /carts" is registered outside any flag check`
	http.HandleFunc("/legacy", h)       // want `route "/legacy" is registered outside any flag check`
	mux.NewRouter().HandleFunc("/m", h) // want `route "/m" is registered`
	chi.NewRouter().Post("/c", h)       // want `route "/c" is registered`
	gin.New().GET("/g")                 // want `route "/g" is registered`
	gin.New().Handle("PUT", "/g2")      // want `route "PUT /g2" is registered`
	echo.New().POST("/e", nil)          // want `route "/e" is registered`
	fiber.New().Get("/f")               // want `route "/f" is registered`
	path := "/dyn"
	m.HandleFunc(path, h)                                 // want `a route is registered outside any flag check`
	pb.RegisterCartServer(grpc.NewServer(), nil)          // want `gRPC service Cart is registered outside any flag check`
	pb.RegisterMetricsServer(":9090")                     // not gRPC
	if len(path) > 0 {
		m.HandleFunc("/plain-if", h) // want `route "/plain-if" is registered`
	}
}

func guarded(ctx context.Context, m *http.ServeMux, flags *openfeature.Client) {
	if on, _ := flags.BooleanValue(ctx, "saved-items", false, openfeature.EvaluationContext{}); on {
		m.HandleFunc("POST /saved-items", h)
	}
	bulk, err := flags.BooleanValue(ctx, "bulk", false, openfeature.EvaluationContext{})
	if err == nil && bulk {
		m.HandleFunc("POST /bulk", h)
		if true {
			pb.RegisterCartServer(grpc.NewServer(), nil)
		}
	} else {
		m.HandleFunc("POST /bulk-legacy", h)
	}
	if flags.Boolean(ctx, "direct", false, openfeature.EvaluationContext{}) {
		gin.New().POST("/direct")
	}
	if on, _ := flags.BooleanValue(ctx, "init-only", false, openfeature.EvaluationContext{}); m != nil && on {
		m.HandleFunc("/init", h)
	}
}
