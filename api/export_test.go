package api

import "github.com/labstack/echo/v4"

// EchoOf returns the server's Echo, so that tests can list its routes and
// add routes of their own.
func EchoOf(s *Server) *echo.Echo { return s.echo }

// ErrorCodes lists every code an error answer can have.
var ErrorCodes = errorCodes

// Describe is describe: the code and parameters of an error message.
var Describe = describe
