module github.com/ivory-jenga/shop/services/search

go 1.22

require (
	github.com/go-chi/chi/v5 v5.0.12
	github.com/ivory-jenga/shop/libs/platform v0.0.0
)

replace github.com/ivory-jenga/shop/libs/platform => ../../libs/platform
