// Small browser helpers for Quadrant's UI.
window.quadrant = {
    // The person's light/dark choice, kept in this browser ("light", "dark", or null for the system's).
    getTheme: () => window.localStorage.getItem("quadrant.theme"),
    setTheme: (value) => window.localStorage.setItem("quadrant.theme", value),
};
