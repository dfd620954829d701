// Small browser helpers for Quadrant's UI.
window.quadrant = {
    // The person's light/dark choice, kept in this browser ("light", "dark", or null for the system's).
    getTheme: () => window.localStorage.getItem("quadrant.theme"),
    setTheme: (value) => window.localStorage.setItem("quadrant.theme", value),
    // Saves a file made on the server (a DotNetStreamReference) under the given name.
    downloadFile: async (name, contentType, streamReference) => {
        const data = await streamReference.arrayBuffer();
        const url = URL.createObjectURL(new Blob([data], { type: contentType }));
        const link = document.createElement("a");
        link.href = url;
        link.download = name;
        document.body.appendChild(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10000);
    },
};
