package api

// routesDocs registers this area's JSON routes.
func (a *API) routesDocs() {}
