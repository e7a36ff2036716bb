import type { PropsWithChildren } from 'react';
import { Sidebar, SidebarItem, SidebarPage } from '@backstage/core-components';
import HomeIcon from '@material-ui/icons/Home';
import CategoryIcon from '@material-ui/icons/Category';
import TouchAppIcon from '@material-ui/icons/TouchApp';
import InsertChartIcon from '@material-ui/icons/InsertChart';

export const Root = ({ children }: PropsWithChildren<{}>) => (
  <SidebarPage>
    <Sidebar>
      <SidebarItem icon={HomeIcon} to="/home" text="Home" />
      <SidebarItem icon={CategoryIcon} to="/catalog" text="Catalog" />
      <SidebarItem icon={TouchAppIcon} to="/actions" text="Actions" />
      <SidebarItem icon={InsertChartIcon} to="/insights" text="Insights" />
    </Sidebar>
    {children}
  </SidebarPage>
);
