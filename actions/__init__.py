"""Custom actions of the rugpoli assistant, served by the rasa-sdk action server."""
