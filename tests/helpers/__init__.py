"""Scripts the robustness tests run as separate processes."""
