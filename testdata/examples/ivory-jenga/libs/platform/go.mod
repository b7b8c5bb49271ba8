module github.com/ivory-jenga/shop/libs/platform

go 1.22
