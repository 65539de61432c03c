"""Processing provider and algorithms: thin wrappers that read parameters, call the core and
write sinks."""
