// Backstage's page styles (the background per light or dark theme), as a Backstage app's index.tsx imports them.
import '@backstage/ui/css/styles.css';
import { createRoot } from 'react-dom/client';
import app from './App';

createRoot(document.getElementById('root')!).render(app.createRoot());
