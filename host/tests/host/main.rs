//! The host through its router, on a temporary data folder and build, against the Atlassian
//! stand-in: the contract's five requests, the store on disk, and the files it serves.

mod access;
mod app;
mod consent;
mod replay;
mod serving;
mod store;
mod support;
