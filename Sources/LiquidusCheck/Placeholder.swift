public enum CheckPlaceholder {}
