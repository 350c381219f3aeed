//! Contract tests: each starts its own sandbox on a free port and talks to it over real HTTP.

mod actions;
mod auth;
mod binary;
mod brands;
mod control;
mod delivery;
mod faults;
mod harness;
mod lifecycle;
mod listing;
mod messages;
mod nulls;
mod ordering;
mod rendering;
mod resources;
mod scoping;
