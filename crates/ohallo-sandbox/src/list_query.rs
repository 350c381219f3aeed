//! Validation of `GET /api/conversations` query parameters, and of the `workspaceId` parameter
//! that the attention-items list shares with it.

use crate::cursor::Cursor;
use crate::error::ApiError;
use crate::model::Status;
use crate::store::ListFilter;
use std::collections::HashMap;

pub(crate) const DEFAULT_LIMIT: usize = 50;
const MAX_LIMIT: usize = 100;

#[derive(Debug)]
pub(crate) struct ListQuery {
    pub filter: ListFilter,
    pub cursor: Option<Cursor>,
    pub limit: usize,
}

impl ListQuery {
    /// `key_workspace` is the workspace a restricted key is bound to; see [`workspace_param`].
    pub(crate) fn parse(
        params: &HashMap<String, String>,
        key_workspace: Option<&str>,
        require_workspace: bool,
    ) -> Result<ListQuery, ApiError> {
        let limit = match params.get("limit") {
            None => DEFAULT_LIMIT,
            Some(text) => text
                .parse::<usize>()
                .ok()
                .filter(|limit| (1..=MAX_LIMIT).contains(limit))
                .ok_or_else(|| {
                    ApiError::BadRequest(format!("limit must be an integer from 1 to {MAX_LIMIT}"))
                })?,
        };
        let cursor = params
            .get("cursor")
            .map(|text| Cursor::decode(text))
            .transpose()
            .map_err(|error| ApiError::BadRequest(error.to_string()))?;
        let status = params
            .get("status")
            .map(|text| {
                Status::parse(text)
                    .ok_or_else(|| ApiError::BadRequest(format!("unknown status {text}")))
            })
            .transpose()?;
        let workspace_id = workspace_param(params, key_workspace, require_workspace)?;
        let q = params
            .get("q")
            .map(|q| q.trim().to_lowercase())
            .filter(|q| !q.is_empty());
        Ok(ListQuery {
            filter: ListFilter {
                status,
                q,
                workspace_id,
                human_managed: boolean(params, "humanManaged")?,
                has_attention: boolean(params, "hasAttention")?,
                contact_id: params
                    .get("contactId")
                    .map(|id| id.trim().to_owned())
                    .filter(|id| !id.is_empty()),
            },
            cursor,
            limit,
        })
    }
}

/// The `workspaceId` filter of a list. oHallo's conventions page: a key restricted to a workspace
/// must still pass `workspaceId`, and the API checks that it matches; there is no implicit
/// filter. `require` extends the first half to every key, as "most endpoints require a
/// workspaceId" allows. An empty value counts as absent; an unknown one simply matches nothing.
pub(crate) fn workspace_param(
    params: &HashMap<String, String>,
    key_workspace: Option<&str>,
    require: bool,
) -> Result<Option<String>, ApiError> {
    let asked = params
        .get("workspaceId")
        .map(|id| id.trim())
        .filter(|id| !id.is_empty());
    match (asked, key_workspace) {
        (None, Some(_)) => Err(workspace_required()),
        (None, None) if require => Err(workspace_required()),
        (Some(asked), Some(bound)) if asked != bound => {
            Err(ApiError::Forbidden("workspace mismatch".to_owned()))
        }
        (asked, _) => Ok(asked.map(str::to_owned)),
    }
}

fn workspace_required() -> ApiError {
    ApiError::BadRequest("workspaceId is required.".to_owned())
}

fn boolean(params: &HashMap<String, String>, name: &str) -> Result<Option<bool>, ApiError> {
    params
        .get(name)
        .map(|text| match text.as_str() {
            "true" => Ok(true),
            "false" => Ok(false),
            _ => Err(ApiError::BadRequest(format!(
                "{name} must be true or false"
            ))),
        })
        .transpose()
}
