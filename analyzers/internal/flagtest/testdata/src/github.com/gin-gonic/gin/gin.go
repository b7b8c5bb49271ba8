// Package gin is a stub of gin-gonic/gin.
package gin

type Context struct{}

type HandlerFunc func(*Context)

type Engine struct{ RouterGroup }

type RouterGroup struct{}

func New() *Engine { return &Engine{} }

func (g *RouterGroup) GET(path string, handlers ...HandlerFunc)                  {}
func (g *RouterGroup) POST(path string, handlers ...HandlerFunc)                 {}
func (g *RouterGroup) Handle(method, path string, handlers ...HandlerFunc)       {}
func (g *RouterGroup) Group(path string, handlers ...HandlerFunc) *RouterGroup { return g }
