// Package configcat is a stub of ConfigCat's Go SDK API.
package configcat

type User interface{}

type Client struct{}

func (c *Client) GetBoolValue(key string, defaultValue bool, user User) bool { return defaultValue }
