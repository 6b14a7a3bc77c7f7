//! The refresh of the tokens. Atlassian rotates refresh tokens: every refresh issues a new one
//! and disables the old one after a short leeway, so the new one is stored before anything else
//! can use the old one.

use crate::store::StoreError;
use crate::{AtlassianError, Host};
use thiserror::Error;
use tracing::{error, info};

/// Why the tokens could not be refreshed.
#[derive(Debug, Error)]
pub enum RefreshError {
    /// No app, or no refresh token (Jira is not connected, or the consent had no
    /// `offline_access`).
    #[error("Jira is not connected, so there is nothing to refresh: press Connect to Jira.")]
    NotConnected,
    /// Atlassian refused or did not answer.
    #[error(transparent)]
    Atlassian(#[from] AtlassianError),
    /// The new tokens could not be stored. The old refresh token still works for Atlassian's
    /// leeway, so a refresh soon after can still succeed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Host {
    /// Exchanges the stored refresh token for new tokens and stores them, the rotated refresh
    /// token among them, in one atomic write. Refreshes are serialised: the store stays locked
    /// until the new tokens are written, so no one reads a token that is about to be replaced.
    ///
    /// # Errors
    ///
    /// When Jira is not connected, Atlassian refuses or does not answer, or the store cannot be
    /// written.
    // TODO: only the tests call this. Nothing in the reference host calls the Jira API yet, so
    // nothing refreshes; the platform's back end must refresh before the access token's hour is
    // up, and store the rotated refresh token, as this function does. Note that it holds the
    // store lock for up to the time one request has (10 s in the host), because the rotated
    // token must be stored before anyone can read or present the old one: every read, save and
    // consent waits for it meanwhile. A back end that refreshes often should rather serialise
    // refreshes on a lock of their own, and keep the result only if the store did not change
    // while Atlassian answered, as a consent does.
    pub async fn refresh(&self) -> Result<(), RefreshError> {
        // Unlike a consent, a refresh keeps the store locked while Atlassian answers (at most
        // the time one request has). Without the lock, two refreshes at once would present the
        // same refresh token, which Atlassian rotates on use, and either could store the tokens
        // the other made stale; and a disconnect or a new consent in the meantime would be
        // overwritten with the old grant's tokens. A refresh is the back end's own errand, rare
        // and short, so the requests it holds up wait little.
        let document = self.store.lock().await;
        let app = document.app.clone().ok_or(RefreshError::NotConnected)?;
        let tokens = document.tokens.as_ref();
        let refresh_token = tokens.and_then(|t| t.refresh_token.clone());
        let refresh_token = refresh_token.ok_or(RefreshError::NotConnected)?;
        let grant = self.atlassian.refresh(&app, &refresh_token).await?;
        let mut next = document.clone();
        next.tokens = Some(grant.into_tokens(Some(refresh_token)));
        self.store.save(document, next).await.inspect_err(|_| {
            error!("refresh: the rotated tokens could not be stored; the old ones stay");
        })?;
        info!("refresh: the rotated tokens are stored");
        Ok(())
    }
}
