public enum BookPlaceholder {}
