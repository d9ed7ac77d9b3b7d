"""cxhabits: a command-line coach for tiny customer-experience habits."""

__version__ = "0.2.0"
