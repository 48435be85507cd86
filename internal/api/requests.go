package api

// routesRequests registers this area's JSON routes.
func (a *API) routesRequests() {}
