"""netmd: a plain-text networking journal and personal CRM."""

__version__ = "0.1.0"
