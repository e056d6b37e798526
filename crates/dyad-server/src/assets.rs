//! The static files compiled into the binary: the dashboard (HTML, JS, CSS;
//! no framework, no CDN, no build step) and the OpenAPI description.
//!
//! Not for: anything fetched at run time — the dashboard loads only these
//! files and the JSON API.

/// The dashboard page.
pub const INDEX_HTML: &str = include_str!("../assets/index.html");
/// The dashboard's script: API calls, SVG timeline and network, table, evidence, live box.
pub const APP_JS: &str = include_str!("../assets/app.js");
/// The dashboard's styles.
pub const APP_CSS: &str = include_str!("../assets/app.css");
/// The dashboard's icon.
pub const FAVICON_SVG: &str = include_str!("../assets/favicon.svg");
/// The OpenAPI 3.0 description of `/v1`.
pub const OPENAPI_JSON: &str = include_str!("../assets/openapi.json");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openapi_parses_and_lists_every_route() {
        let v: serde_json::Value = serde_json::from_str(OPENAPI_JSON).unwrap();
        assert!(v["openapi"].as_str().unwrap().starts_with("3.0"));
        let paths = v["paths"].as_object().unwrap();
        for (route, method) in [
            ("/v1/health", "get"),
            ("/v1/events", "get"),
            ("/v1/dyads/{a}/{b}/trend", "get"),
            ("/v1/actors", "get"),
            ("/v1/network", "get"),
            ("/v1/documents/{id}", "get"),
            ("/v1/code", "post"),
            ("/v1/ingest", "post"),
            ("/v1/openapi.json", "get"),
        ] {
            let op = &paths[route][method];
            assert!(op.is_object(), "{method} {route} missing");
            assert!(op["responses"].is_object(), "{method} {route} responses");
        }
        assert_eq!(paths.len(), 9);
        // Every $ref points at a schema that exists.
        let schemas = v["components"]["schemas"].as_object().unwrap();
        let text = OPENAPI_JSON;
        for part in text.split("\"#/components/schemas/").skip(1) {
            let name = part.split('"').next().unwrap();
            assert!(schemas.contains_key(name), "missing schema {name}");
        }
    }

    #[test]
    fn dashboard_loads_nothing_from_elsewhere() {
        for file in [INDEX_HTML, APP_JS, APP_CSS, FAVICON_SVG] {
            // The SVG namespace is a name, not a fetch.
            let file = file.replace("http://www.w3.org/2000/svg", "");
            assert!(
                !file.contains("http://") && !file.contains("https://") && !file.contains("//cdn")
            );
        }
        assert!(INDEX_HTML.contains("app.js") && INDEX_HTML.contains("app.css"));
    }
}
