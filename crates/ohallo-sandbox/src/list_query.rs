//! Validation of `GET /api/conversations` query parameters.

use crate::cursor::Cursor;
use crate::error::ApiError;
use crate::model::Status;
use crate::store::ListFilter;
use std::collections::HashMap;

const DEFAULT_LIMIT: usize = 50;
const MAX_LIMIT: usize = 100;

#[derive(Debug)]
pub(crate) struct ListQuery {
    pub filter: ListFilter,
    pub cursor: Option<Cursor>,
    pub limit: usize,
}

impl ListQuery {
    /// `key_workspace` is the workspace a restricted key is bound to: it becomes the filter, and
    /// asking for another workspace is refused.
    pub(crate) fn parse(
        params: &HashMap<String, String>,
        key_workspace: Option<&str>,
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
        let workspace_id = match (params.get("workspaceId"), key_workspace) {
            (Some(asked), Some(bound)) if asked != bound => {
                return Err(ApiError::Forbidden("workspace mismatch".to_owned()))
            }
            (asked, bound) => asked.cloned().or(bound.map(str::to_owned)),
        };
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
            },
            cursor,
            limit,
        })
    }
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
