package web

// DynamicPortalRoutes are the public GET routes that are not published.
var DynamicPortalRoutes = dynamicPortalRoutes

// SetSitemapLimit lowers the URLs per sitemap file for a test and returns
// the function that restores it.
func SetSitemapLimit(n int) func() {
	old := sitemapLimit
	sitemapLimit = n
	return func() { sitemapLimit = old }
}
