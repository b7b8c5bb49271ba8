// Package fiber is a stub of gofiber/fiber.
package fiber

type Ctx struct{}

type Handler func(*Ctx) error

type App struct{}

func New() *App { return &App{} }

func (a *App) Get(path string, handlers ...Handler)  {}
func (a *App) Post(path string, handlers ...Handler) {}
