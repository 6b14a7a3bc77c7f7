//! The facts about Atlassian's OAuth 2.0 (3LO) service and this product's app that the plugin
//! relies on, in one place (see Atlassian's "OAuth 2.0 (3LO) apps" developer documentation).

/// Atlassian's authorize endpoint, where the browser goes for the consent screen.
pub const AUTHORIZE_ENDPOINT: &str = "https://auth.atlassian.com/authorize";

/// The `audience` of the tokens: without it, the Jira API refuses them.
pub const AUDIENCE: &str = "api.atlassian.com";

/// A scope the admin adds to the app in the developer console, with the console's label.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConsoleScope {
    /// The scope as sent in the authorize request.
    pub name: &'static str,
    /// How the console's Permissions tab labels it.
    pub label: &'static str,
}

/// The four classic Jira platform scopes this product needs.
pub const CLASSIC_SCOPES: [ConsoleScope; 4] = [
    ConsoleScope { name: "read:jira-work", label: "View Jira issue data" },
    ConsoleScope { name: "read:jira-user", label: "View user profiles" },
    ConsoleScope { name: "write:jira-work", label: "Create and manage issues" },
    ConsoleScope { name: "manage:jira-webhook", label: "Manage Jira webhooks" },
];

/// Requested on top of the console's scopes, so that a refresh token is issued. It is not one of
/// the console's scopes.
pub const OFFLINE_ACCESS: &str = "offline_access";

/// Where admins create and configure their app: the developer console's list of their apps.
pub const DEVELOPER_CONSOLE_URL: &str = "https://developer.atlassian.com/console/myapps/";

/// The app name the setup guide suggests; the console shows it on the consent screen.
pub const APP_NAME_SUGGESTION: &str = "Invicti Platform";

/// The path of this product's callback page, on the front end the admin uses.
pub const CALLBACK_PATH: &str = "/app/integrations/callback";

/// The placeholder in the product's setup guide that admins sometimes leave in the callback URL.
pub const HOST_PLACEHOLDER: &str = "<your-on-premises-domain>";

/// Atlassian's token endpoint: the code exchange and the refresh, both `POST` with a JSON body.
pub const TOKEN_URL: &str = "https://auth.atlassian.com/oauth/token";

/// The base of Atlassian's APIs, where a token's sites are listed (and, with a site's ID, the
/// Jira API is reached).
pub const API_URL: &str = "https://api.atlassian.com";

/// Below [`API_URL`]: `GET` with the access token as a bearer token lists the sites it reaches,
/// with the scopes granted on each.
pub const ACCESSIBLE_RESOURCES_PATH: &str = "/oauth/token/accessible-resources";
