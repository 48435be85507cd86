package api

// routesParticipation registers this area's JSON routes.
func (a *API) routesParticipation() {}
