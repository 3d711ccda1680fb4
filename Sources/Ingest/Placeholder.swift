public enum IngestPlaceholder {}
