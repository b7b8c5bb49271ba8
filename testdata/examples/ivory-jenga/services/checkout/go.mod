module github.com/ivory-jenga/shop/services/checkout

go 1.22

require github.com/ivory-jenga/shop/libs/platform v0.0.0

replace github.com/ivory-jenga/shop/libs/platform => ../../libs/platform
