module github.com/independent/shop/services/checkout

go 1.22

require (
	github.com/open-feature/go-sdk v1.13.0
)

require (
	github.com/go-logr/logr v1.4.2 // indirect
	golang.org/x/exp v0.0.0-20240506185415-9bf2ced13842 // indirect
)
