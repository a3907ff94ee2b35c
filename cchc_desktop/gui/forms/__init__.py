"""gui/forms layer."""
