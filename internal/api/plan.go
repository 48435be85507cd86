package api

// routesPlan registers this area's JSON routes.
func (a *API) routesPlan() {}
