//! Contract tests: each starts its own sandbox on a free port and talks to it over real HTTP.

mod actions;
mod attachments;
mod attention;
mod auth;
mod binary;
mod brands;
mod compose;
mod control;
mod customers;
mod delivery;
mod detail;
mod exposure;
mod faults;
mod harness;
mod lifecycle;
mod limits;
mod listing;
mod messages;
mod nulls;
mod ordering;
mod rendering;
mod resources;
mod scoping;
